import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "diagnostics", include: ["test/**/*.test.ts"] },
});
