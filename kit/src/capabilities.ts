/** Linux capability names by number (linux/capability.h), for reading /proc's capability masks. */
const CAPABILITY_NAMES = [
  "CHOWN",
  "DAC_OVERRIDE",
  "DAC_READ_SEARCH",
  "FOWNER",
  "FSETID",
  "KILL",
  "SETGID",
  "SETUID",
  "SETPCAP",
  "LINUX_IMMUTABLE",
  "NET_BIND_SERVICE",
  "NET_BROADCAST",
  "NET_ADMIN",
  "NET_RAW",
  "IPC_LOCK",
  "IPC_OWNER",
  "SYS_MODULE",
  "SYS_RAWIO",
  "SYS_CHROOT",
  "SYS_PTRACE",
  "SYS_PACCT",
  "SYS_ADMIN",
  "SYS_BOOT",
  "SYS_NICE",
  "SYS_RESOURCE",
  "SYS_TIME",
  "SYS_TTY_CONFIG",
  "MKNOD",
  "LEASE",
  "AUDIT_WRITE",
  "AUDIT_CONTROL",
  "SETFCAP",
  "MAC_OVERRIDE",
  "MAC_ADMIN",
  "SYSLOG",
  "WAKE_ALARM",
  "BLOCK_SUSPEND",
  "AUDIT_READ",
  "PERFMON",
  "BPF",
  "CHECKPOINT_RESTORE",
];

/**
 * The capabilities a privileged container would ask for that this machine's
 * bounding set (`CapBnd` in /proc/self/status) does not hold. runc refuses
 * to start a container that asks for one of them.
 */
export function capabilitiesMissingFromBoundingSet(procStatus: string, lastCap: number): string[] {
  const line = procStatus.split("\n").find((l) => l.startsWith("CapBnd:"));
  if (!line) return [];
  const mask = BigInt(`0x${line.slice("CapBnd:".length).trim()}`);
  const missing: string[] = [];
  for (let bit = 0; bit <= Math.min(lastCap, CAPABILITY_NAMES.length - 1); bit++) {
    if ((mask & (1n << BigInt(bit))) === 0n) missing.push(`CAP_${CAPABILITY_NAMES[bit]}`);
  }
  return missing;
}
