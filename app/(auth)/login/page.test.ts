import { isValidElement, type ReactNode } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";

// The page's collaborators, replaced so the test sees only where it sends the browser.
const mocks = vi.hoisted(() => ({
  currentUser: vi.fn<() => Promise<{ subject: string } | undefined>>(),
  signIn: vi.fn<(provider: string, options: { redirectTo: string }) => Promise<void>>(),
  redirect: vi.fn<(to: string) => never>((to) => {
    throw new Error(`redirect:${to}`);
  }),
}));
vi.mock("next/navigation", () => ({ redirect: mocks.redirect }));
vi.mock("@/lib/auth/session.ts", () => ({ currentUser: mocks.currentUser }));
vi.mock("@/lib/auth/index.ts", () => ({ signIn: mocks.signIn }));

const { default: LoginPage } = await import("./page.tsx");

const render = (callbackUrl: string | string[] | undefined) =>
  LoginPage({ searchParams: Promise.resolve({ callbackUrl }) });

/** The server action bound to the page's sign-in form, found by walking the rendered tree. */
function formAction(node: ReactNode): (() => Promise<void>) | undefined {
  if (!isValidElement<{ action?: unknown; children?: ReactNode }>(node)) return undefined;
  if (node.type === "form" && typeof node.props.action === "function") {
    return node.props.action as () => Promise<void>;
  }
  for (const child of [node.props.children].flat()) {
    const found = formAction(child);
    if (found) return found;
  }
  return undefined;
}

const CASES: [string | string[] | undefined, string][] = [
  ["/status?health=failing", "/status?health=failing"],
  ["/teams/team-a/clusters/web-prod#machines", "/teams/team-a/clusters/web-prod#machines"],
  ["/\t/evil.example/", "/"],
  ["//evil.example", "/"],
  ["https://evil.example", "/"],
  [["/status", "//evil.example"], "/"],
  [undefined, "/"],
];

describe("the login page sends the browser only where safeCallbackPath allows", () => {
  beforeEach(() => vi.clearAllMocks());

  it.each(CASES)("signed in, callbackUrl %j redirects to %s", async (callbackUrl, expected) => {
    mocks.currentUser.mockResolvedValue({ subject: "alice" });
    await expect(render(callbackUrl)).rejects.toThrow(`redirect:${expected}`);
    expect(mocks.redirect).toHaveBeenCalledWith(expected);
  });

  it.each(CASES)("signing in with callbackUrl %j comes back to %s", async (callbackUrl, expected) => {
    mocks.currentUser.mockResolvedValue(undefined);
    const login = formAction(await render(callbackUrl));
    if (!login) throw new Error("the page has no sign-in form");
    await login();
    expect(mocks.signIn).toHaveBeenCalledWith("oidc", { redirectTo: expected });
  });
});
