import { defineConfig } from "vitest/config";

// One vitest run over every package (each package also runs alone with `pnpm test`).
export default defineConfig({
  test: { projects: ["packages/*", "examples", "bench"] },
});
