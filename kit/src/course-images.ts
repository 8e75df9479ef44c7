import { COURSE_ACTION_IMAGES } from "../../helpers/project/versions.ts";
import type { ImageRecipe } from "./recipes.ts";

// Images no manifest names: a lab's own action does (T02's kubectl edit to nginx:latest). Without them
// an air-gapped run's pod can only reach ErrImagePull, and "Pod restarts" is never seen.

/** nginx as T02's hotfix sets it: Debian's nginx in the foreground, its default site on port 80. */
export function nginxImage(): ImageRecipe {
  return {
    name: COURSE_ACTION_IMAGES.nginx,
    component: "nginx (the image T02's kubectl edit sets)",
    source: "Debian nginx",
    debianPackages: ["nginx"],
    files: [
      // Debian's nginx.conf logs to files; the official image's logs reach `kubectl logs`, so these do too.
      { kind: "text", text: "access_log /dev/stdout;\n", to: "/etc/nginx/conf.d/kit-access-log.conf" },
    ],
    // The official image's command; a second error_log (allowed at the same level) sends errors to stderr.
    config: { cmd: ["nginx", "-g", "daemon off; error_log stderr;"] },
    differences: [
      "Debian 12's nginx (1.22) with Debian's default site instead of the official image's mainline nginx; no docker-entrypoint.sh",
    ],
  };
}
