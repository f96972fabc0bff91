// Applies the saved (or the system's) colour theme before the first paint.
try {
  const saved = localStorage.getItem("theme");
  const dark = saved ? saved === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
  if (dark) document.documentElement.classList.add("dark");
} catch {
  // storage disabled: keep the light theme
}
