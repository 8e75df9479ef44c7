// The sample run's global setup: registers a secret in vitest's own process, where the
// reporters run, as helpers/cluster/global-setup.ts registers the Git and admin passwords.
import { registerSecret } from "../../report/redaction";
import { MAIN_SECRET } from "./planted-secrets";

export default function setup(): void {
  registerSecret(MAIN_SECRET);
}
