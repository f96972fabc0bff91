import { Counter } from "./counter.jsx";

export default function Page() {
  return (
    <main>
      <Counter />
    </main>
  );
}
