import type { Metadata } from 'next';
import { PostmortemList } from '@/components/postmortems/PostmortemList';
import { ButtonLink } from '@/components/ui/Button';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Post-mortems' };

export default async function PostmortemsPage() {
  await requirePage('postmortem.read');
  return (
    <div className="page">
      <PageHeader
        title="Post-mortems"
        description="Required for P1/P2 incidents and when an error budget was exhausted; due 48 h after resolution. Completion per team against the seed's bands."
        actions={<ButtonLink href="/postmortems/action-items">Action items</ButtonLink>}
      />
      <PostmortemList />
    </div>
  );
}
