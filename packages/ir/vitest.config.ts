import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "ir", include: ["test/**/*.test.ts"] },
});
