import type { KubeClients } from "../kube/kube-clients";
import type { KindRef } from "../kube/object-ref";
import { objectGone, objectPresent, objectRecreated, uidOf } from "../kube/presence";
import type { Expectation } from "../wait/expectation";

/**
 * One object in the lab's namespace (the app's Service, the course's Role), so a spec says
 * `app.service.gone()` or `lab.object("Role", "read-only").present()` rather than which
 * clients, namespace and name to ask.
 */
export class LabObject {
  constructor(
    protected readonly kube: KubeClients,
    readonly namespace: string,
    readonly kind: KindRef,
    readonly name: string,
  ) {}

  present(): Expectation {
    return objectPresent(this.kube, this.kind, this.namespace, this.name);
  }

  gone(): Expectation {
    return objectGone(this.kube, this.kind, this.namespace, this.name);
  }

  /** Its UID now, to tell a recreated object from the one that was there. */
  uid(): Promise<string> {
    return uidOf(this.kube, this.kind, this.namespace, this.name);
  }

  /** Back, under a new UID. */
  recreated(oldUid: string): Expectation {
    return objectRecreated(this.kube, this.kind, this.namespace, this.name, oldUid);
  }
}
