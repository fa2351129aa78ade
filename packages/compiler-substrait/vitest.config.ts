import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "compiler-substrait", include: ["test/**/*.test.ts"] },
});
