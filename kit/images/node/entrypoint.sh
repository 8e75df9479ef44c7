#!/bin/bash
# The kit node: a single-node Kubernetes cluster from upstream components
# (one kube-node binary) on Debian's containerd, runc and CNI plugins. It is
# what the labs run on where no k3s can be built (see kit/README.md). It is
# started by the k3s front (/usr/local/bin/k3s server ...), which turns k3s's
# flags into the KIT_* variables read here, one argument a line.
set -euo pipefail

NODE_NAME=kit-node
K8S_VERSION="$(cat /etc/kit/kubernetes-version)"
PKI=/etc/kubernetes/pki
LOGS=/var/log/kit
AIR_GAP=/var/lib/rancher/k3s/agent/images
K3S_KUBECONFIG=/etc/rancher/k3s/k3s.yaml
mkdir -p "$LOGS" /etc/kubernetes /var/lib/etcd /var/lib/kubelet "$AIR_GAP" "$(dirname "$K3S_KUBECONFIG")"

lines() { [ -n "$1" ] && printf '%s\n' "$1" | grep -v '^$' || true; }
mapfile -t kubelet_args < <(lines "${KIT_KUBELET_ARGS:-}")
mapfile -t apiserver_args < <(lines "${KIT_APISERVER_ARGS:-}")
mapfile -t controller_manager_args < <(lines "${KIT_CONTROLLER_MANAGER_ARGS:-}")
mapfile -t scheduler_args < <(lines "${KIT_SCHEDULER_ARGS:-}")
mapfile -t proxy_args < <(lines "${KIT_PROXY_ARGS:-}")
extra_sans=""
for san in ${KIT_TLS_SANS:-}; do extra_sans+=",$san"; done
NODE_IP="$(ip -4 -o addr show dev eth0 | awk '{print $4}' | cut -d/ -f1)"

# kubelet mounts volumes with propagation; the container's root starts private.
mount --make-rshared /

started() { echo "kit-node: started $1 ($(date -u +%T))"; }
# Each program logs to its own file; if one exits, the node is broken: stop.
pids=()
launch() {
  local name=$1
  shift
  "$@" >"$LOGS/$name.log" 2>&1 &
  pids+=($!)
  started "$name"
}

launch containerd containerd --config /etc/containerd/config.toml
timeout 60 sh -c 'until ctr version >/dev/null 2>&1; do sleep 0.2; done'

# k3s's air-gap folder: every archive in it is imported before anything needs an image.
shopt -s nullglob
for archive in "$AIR_GAP"/*.tar; do
  ctr -n k8s.io images import --all-platforms "$archive" >>"$LOGS/images.log" 2>&1 ||
    echo "kit-node: could not import $archive (see $LOGS/images.log)"
done
echo "kit-node: images imported: $(ctr -n k8s.io images ls -q | grep -vc '^sha256:')"

if [ ! -f "$PKI/ca.crt" ]; then
  # kubeadm's phases make the certificates and kubeconfigs only; the programs run below, not as static pods.
  kubeadm init phase certs all --cert-dir "$PKI" --kubernetes-version "$K8S_VERSION" \
    --apiserver-advertise-address "$NODE_IP" --apiserver-cert-extra-sans "127.0.0.1,localhost,$NODE_NAME$extra_sans" \
    --service-cidr 10.43.0.0/16 >"$LOGS/kubeadm.log" 2>&1
  kubeadm init phase kubeconfig all --cert-dir "$PKI" --kubeconfig-dir /etc/kubernetes \
    --kubernetes-version "$K8S_VERSION" --apiserver-advertise-address "$NODE_IP" --node-name "$NODE_NAME" \
    >>"$LOGS/kubeadm.log" 2>&1
fi

# A throwaway test cluster: etcd skips fsync, which is most of its write latency on a VM disk.
launch etcd etcd --name "$NODE_NAME" --data-dir /var/lib/etcd --unsafe-no-fsync \
  --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
  --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster "$NODE_NAME=http://127.0.0.1:2380"

launch kube-apiserver kube-apiserver --advertise-address "$NODE_IP" --secure-port 6443 \
  --etcd-servers http://127.0.0.1:2379 --service-cluster-ip-range 10.43.0.0/16 \
  --client-ca-file "$PKI/ca.crt" --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
  --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
  --kubelet-preferred-address-types InternalIP \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
  --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction --allow-privileged=true \
  --requestheader-client-ca-file "$PKI/front-proxy-ca.crt" --requestheader-allowed-names front-proxy-client \
  --requestheader-extra-headers-prefix X-Remote-Extra- --requestheader-group-headers X-Remote-Group \
  --requestheader-username-headers X-Remote-User \
  --proxy-client-cert-file "$PKI/front-proxy-client.crt" --proxy-client-key-file "$PKI/front-proxy-client.key" \
  ${apiserver_args[@]+"${apiserver_args[@]}"}

# The controllers and the kubelet start once the API is ready: before the bootstrap RBAC roles exist, the
# controller manager exits on its first forbidden read.
timeout 120 sh -c 'until kubectl --kubeconfig /etc/kubernetes/super-admin.conf get --raw /readyz >/dev/null 2>&1; do sleep 0.3; done' ||
  { echo "kit-node: the API server was not ready within 120 s"; tail -n 20 "$LOGS/kube-apiserver.log"; exit 1; }
echo "kit-node: API server ready"

launch kube-controller-manager kube-controller-manager --kubeconfig /etc/kubernetes/controller-manager.conf \
  --authentication-kubeconfig /etc/kubernetes/controller-manager.conf \
  --authorization-kubeconfig /etc/kubernetes/controller-manager.conf \
  --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" --root-ca-file "$PKI/ca.crt" \
  --service-account-private-key-file "$PKI/sa.key" --use-service-account-credentials=true \
  --allocate-node-cidrs=true --cluster-cidr 10.42.0.0/16 --node-cidr-mask-size 24 \
  --service-cluster-ip-range 10.43.0.0/16 --leader-elect=false \
  ${controller_manager_args[@]+"${controller_manager_args[@]}"}

launch kube-scheduler kube-scheduler --kubeconfig /etc/kubernetes/scheduler.conf \
  --authentication-kubeconfig /etc/kubernetes/scheduler.conf \
  --authorization-kubeconfig /etc/kubernetes/scheduler.conf --leader-elect=false \
  ${scheduler_args[@]+"${scheduler_args[@]}"}

launch kubelet kubelet --config /etc/kit/kubelet.yaml --kubeconfig /etc/kubernetes/kubelet.conf \
  --node-ip "$NODE_IP" --hostname-override "$NODE_NAME" ${kubelet_args[@]+"${kubelet_args[@]}"}

launch kube-proxy kube-proxy --config /etc/kit/kube-proxy.yaml ${proxy_args[@]+"${proxy_args[@]}"}

# Cluster DNS (unless --disable=coredns) and the bindings kubeadm's init would make, once the API answers
# (kubectl retries nothing by itself). Then k3s's kubeconfig, and the line testcontainers' k3s module
# waits for, printed only once the node is Ready: the module starts using the cluster when it sees it.
manifests=()
for manifest in /etc/kit/manifests/*.yaml; do
  [ "${KIT_DEPLOY_COREDNS:-true}" = false ] && [ "${manifest##*/}" = coredns.yaml ] && continue
  manifests+=(-f "$manifest")
done
(
  until kubectl --kubeconfig /etc/kubernetes/super-admin.conf apply "${manifests[@]}" >>"$LOGS/manifests-apply.log" 2>&1; do
    sleep 1
  done
  echo "kit-node: cluster manifests applied"
  until [ "$(kubectl --kubeconfig /etc/kubernetes/super-admin.conf get node "$NODE_NAME" \
    -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ]; do
    sleep 0.5
  done
  sed "s#server: https://[^[:space:]]*#server: https://127.0.0.1:6443#" /etc/kubernetes/super-admin.conf >"$K3S_KUBECONFIG.partial"
  chmod 600 "$K3S_KUBECONFIG.partial"
  mv "$K3S_KUBECONFIG.partial" "$K3S_KUBECONFIG"
  echo "kit-node: node $NODE_NAME Ready, $K3S_KUBECONFIG written: Node controller sync successful"
) &
echo "kit-node: all programs started; node $NODE_NAME at $NODE_IP"
# The first program to exit takes the node down with it, so a broken node is never mistaken for a slow one.
set +e
wait -n "${pids[@]}"
code=$?
echo "kit-node: a program exited with $code; the logs are in $LOGS"
for log in "$LOGS"/*.log; do echo "== $log"; tail -n 5 "$log"; done
exit "$code"
