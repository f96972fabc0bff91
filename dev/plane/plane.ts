/**
 * `npm run plane -- up | down | status | seed | build`: the local management plane's one entry point.
 */
import { kubectlCommand } from "../kubectl.ts";
import { ensureBinaries } from "./binaries.ts";
import { apiserverUrl, down, planeDir, status, up } from "./control.ts";
import { seedDemo } from "./seed.ts";

const command = process.argv[2] ?? "status";

async function main(): Promise<void> {
  switch (command) {
    case "build":
      await ensureBinaries();
      return;
    case "up": {
      const began = Date.now();
      const { adminKubeconfig, consoleKubeconfig } = await up();
      if (!process.argv.includes("--no-seed")) await seedDemo();
      console.log(`\nManagement plane ready in ${Math.round((Date.now() - began) / 1000)}s: ${apiserverUrl}`);
      console.log(`  admin:   ${kubectlCommand("get clusters -A")}  (kubeconfig ${adminKubeconfig})`);
      console.log(`  console: ${consoleKubeconfig} (impersonates users; reads for the watch hub)`);
      console.log(`  logs:    ${planeDir()}/logs`);
      return;
    }
    case "seed":
      await seedDemo();
      return;
    case "down":
      await down();
      return;
    case "status": {
      const s = await status();
      for (const p of s.processes)
        console.log(`${p.alive ? "running" : "stopped"}  ${p.name} (pid ${p.pid})`);
      console.log(s.ready ? `ready: ${apiserverUrl}` : "not ready (npm run plane -- up)");
      process.exitCode = s.ready ? 0 : 1;
      return;
    }
    default:
      console.error("usage: npm run plane -- up [--no-seed] | down | status | seed | build");
      process.exitCode = 2;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
