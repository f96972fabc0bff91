// The framework floor of the bench's first-load JS figures (dev/bench/bundle.ts): the least any
// App Router page ships with the console's Next, React and Turbopack. Plain JSX, so building it
// needs no TypeScript set-up of its own.
export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
