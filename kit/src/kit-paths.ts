import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root (kit/src/ is two levels down). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Where the kit keeps its builds (KIT_CACHE_DIR moves it): one definition, shared with the doctor. */
export { kitCacheDir } from "../../helpers/preflight/kit-images-check.ts";
