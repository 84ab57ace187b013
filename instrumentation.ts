// Next.js calls register() once when a server process starts. The web process
// listens for other processes' writes to the facts it memoizes (the SLO lists:
// server/database/notifications.ts), so replicas agree within about a second.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startFactListener } = await import('./server/database/notifications');
  startFactListener();
}
