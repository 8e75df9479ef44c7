import type { ImageRecipe } from "./recipes.ts";

export const KIT_LABEL = "org.gitops-conformance.kit";

/** What every kit image says of itself: built by the kit, from which modules and which Debian packages. */
export function kitLabels(
  recipe: ImageRecipe,
  key: string,
  debianPackages: readonly string[],
): Record<string, string> {
  return {
    [KIT_LABEL]: "true",
    [`${KIT_LABEL}.key`]: key,
    [`${KIT_LABEL}.component`]: recipe.component,
    [`${KIT_LABEL}.source`]: recipe.source,
    [`${KIT_LABEL}.debian-packages`]: debianPackages.join(" "),
    [`${KIT_LABEL}.differs-from-upstream`]: recipe.differences.join("; "),
  };
}
