import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="center-page">
      <div className="center-card">
        <h1>Page not found</h1>
        <p className="muted">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
        <div className="row">
          <Link className="btn btn-primary" href="/overview">
            Go to overview
          </Link>
        </div>
      </div>
    </main>
  );
}
