import Link from 'next/link';

/** The service page's address; by id, which every domain stores (the page also accepts a slug). */
const serviceHref = (idOrSlug: string) => `/services/${encodeURIComponent(idOrSlug)}`;

/** A service's name wherever it is shown, linked to its page. */
export function ServiceLink({ id, name, className }: { id: string; name: string; className?: string }) {
  return (
    <Link href={serviceHref(id)} className={className}>
      {name}
    </Link>
  );
}
