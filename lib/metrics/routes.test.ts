import { expect, test } from "vitest";
import { RouteNamer } from "./routes.ts";

const namer = new RouteNamer({
  staticRoutes: [
    { page: "/", regex: "^/(?:/)?$" },
    { page: "/api/stream", regex: "^/api/stream(?:/)?$" },
  ],
  dynamicRoutes: [
    { page: "/teams/[team]/clusters/new", regex: "^/teams/([^/]+?)/clusters/new(?:/)?$" },
    { page: "/teams/[team]/clusters/[name]", regex: "^/teams/([^/]+?)/clusters/([^/]+?)(?:/)?$" },
  ],
});

test("a request is named by its route, not by the team or cluster in its path", () => {
  expect(namer.name("/teams/team-a/clusters/prod-1")).toBe("/teams/[team]/clusters/[name]");
  expect(namer.name("/teams/team-b/clusters/new")).toBe("/teams/[team]/clusters/new");
  expect(namer.name("/teams/team-a/clusters/prod-1.rsc")).toBe("/teams/[team]/clusters/[name]");
  expect(namer.name("/api/stream")).toBe("/api/stream");
  expect(namer.name("/")).toBe("/");
});

test("static files are one name and unknown paths one other, so series stay few", () => {
  expect(namer.name("/_next/static/chunks/abc.js")).toBe("/_next/static");
  expect(namer.name("/wp-login.php")).toBe("(other)");
  expect(namer.name("/x/y/z")).toBe("(other)");
});
