import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';

export const metadata: Metadata = { title: 'No access' };

// Where requirePage() sends a signed-in person without the permission a page
// needs. forbidden() renders app/forbidden.tsx with status 403.
export default function ForbiddenPage(): never {
  forbidden();
}
