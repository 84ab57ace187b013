import type { Metadata } from 'next';
import { TemplateEditor } from '@/components/postmortems/TemplateEditor';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Post-mortem template' };

export default async function PostmortemTemplatePage() {
  await requirePage('settings.manage');
  return (
    <>
      <PageHeader title="Post-mortem template" description="What every section of a new post-mortem draft starts with: Markdown with placeholders filled from the incident. Existing drafts keep their text." />
      <TemplateEditor />
    </>
  );
}
