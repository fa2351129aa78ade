import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "engine-native", include: ["test/**/*.test.ts"] },
});
