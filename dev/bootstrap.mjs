// Entry point of `npm test` and `npm run demo` on any machine, even one whose system Node is too
// old for the project: plain JavaScript that installs what is missing (Debian packages, npm
// packages, including Node 24 itself as a devDependency) and then runs the TypeScript task
// under Node 24.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const task = process.argv[2];
if (!task) {
  console.error("usage: node dev/bootstrap.mjs <task> [args]");
  process.exit(2);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(" ")} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

// Debian packages the local world needs (see README). Installed when missing and we are root.
const DEBIAN = [
  ["/usr/bin/chromium", "chromium"],
  ["/usr/bin/docker-registry", "docker-registry"],
  ["/usr/bin/htpasswd", "apache2-utils"],
  ["/usr/lib/postgresql/15/bin/initdb", "postgresql-15"],
  ["/usr/bin/openssl", "openssl"],
];
const missing = DEBIAN.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg);
if (missing.length) {
  if (process.getuid?.() !== 0) {
    console.error(
      `Missing Debian packages: ${missing.join(" ")}. Install them: sudo apt-get install -y ${missing.join(" ")}`,
    );
    process.exit(1);
  }
  console.log(`Installing Debian packages: ${missing.join(" ")}`);
  run("apt-get", ["update", "-q"]);
  run("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}
if (spawnSync("go", ["version"], { stdio: "ignore" }).status !== 0) {
  console.error(
    "Go (1.26 or newer) is needed to build the local management plane: https://go.dev/doc/install",
  );
  process.exit(1);
}

// Keycloak (the identity tests, and the demo with KAAS_IDP=keycloak) comes from Maven Central and
// runs on a JDK 21+; dev/keycloak fetches and builds it on first use. Maven is a Debian package; the
// JDK is not (Debian 12 ships 17): look for Temurin as dev/keycloak/keycloak.ts does.
if (task === "test-all" || process.env.KAAS_IDP === "keycloak") {
  if (spawnSync("mvn", ["-v"], { stdio: "ignore" }).status !== 0) {
    if (process.getuid?.() !== 0) {
      console.error("Maven is needed to fetch Keycloak: sudo apt-get install -y maven");
      process.exit(1);
    }
    run("apt-get", ["update", "-q"]);
    run("apt-get", ["install", "-y", "-q", "--no-install-recommends", "maven"], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  }
  const jvm = "/usr/lib/jvm";
  const jdk =
    process.env.KAAS_KEYCLOAK_JAVA_HOME ||
    (existsSync(jvm) &&
      readdirSync(jvm).find(
        (d) => Number(/^temurin-(\d+)/.exec(d)?.[1] ?? 0) >= 21 && existsSync(join(jvm, d, "bin", "java")),
      ));
  if (!jdk) {
    console.error(
      "Keycloak needs a JDK 21 or newer (Temurin in /usr/lib/jvm, or set KAAS_KEYCLOAK_JAVA_HOME): https://adoptium.net/installation/linux/",
    );
    process.exit(1);
  }
}

// npm packages: install when node_modules is missing or older than the lock file.
const stamp = join(root, "node_modules", ".package-lock.json");
const lock = join(root, "package-lock.json");
if (!existsSync(stamp) || statSync(stamp).mtimeMs < statSync(lock).mtimeMs) {
  console.log("Installing npm packages (npm ci)");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}

const node = join(root, "node_modules", ".bin", "node");
const r = spawnSync(node, [join(root, "dev", `${task}.ts`), ...process.argv.slice(3)], {
  stdio: "inherit",
  cwd: root,
});
process.exit(r.status ?? 1);
