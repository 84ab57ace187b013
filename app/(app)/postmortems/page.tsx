import type { Metadata } from 'next';
import { PostmortemList } from '@/components/postmortems/PostmortemList';
import { ButtonLink } from '@/components/ui/Button';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Post-mortems' };

export default async function PostmortemsPage({ searchParams }: { searchParams: Promise<{ overdue?: string }> }) {
  await requirePage('postmortem.read');
  const { overdue } = await searchParams;
  return (
    <div className="page">
      <PageHeader
        title="Post-mortems"
        description="Required for P1/P2 incidents and when an error budget was exhausted; due 48 h after resolution. Completion per team: every P1/P2 post-mortem filed is healthy, below 80 % lessons are being lost."
        actions={<ButtonLink href="/postmortems/action-items">Action items</ButtonLink>}
      />
      <PostmortemList initialOverdue={overdue === '1'} />
    </div>
  );
}
