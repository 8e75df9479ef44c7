// Command kube-node is every program of a single-node Kubernetes cluster in
// one binary, chosen by the name it is called under (a symlink) or by its
// first argument: one link step instead of eight, and one file in the image.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"go.etcd.io/etcd/server/v3/etcdmain"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	kubectl "k8s.io/kubectl/pkg/cmd"
	kubectlutil "k8s.io/kubectl/pkg/cmd/util"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	proxy "k8s.io/kubernetes/cmd/kube-proxy/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
	kubeadm "k8s.io/kubernetes/cmd/kubeadm/app"
	kubeadmerrors "k8s.io/kubernetes/cmd/kubeadm/app/util/errors"
	kubelet "k8s.io/kubernetes/cmd/kubelet/app"
)

var commands = map[string]func() *cobra.Command{
	"kube-apiserver":          apiserver.NewAPIServerCommand,
	"kube-controller-manager": controllermanager.NewControllerManagerCommand,
	"kube-scheduler":          func() *cobra.Command { return scheduler.NewSchedulerCommand() },
	"kube-proxy":              proxy.NewProxyCommand,
	"kubelet":                 func() *cobra.Command { return kubelet.NewKubeletCommand(context.Background()) },
}

// Programs with a main of their own rather than a cobra command.
var special = map[string]bool{"etcd": true, "kubeadm": true, "kubectl": true}

func main() {
	name := filepath.Base(os.Args[0])
	args := os.Args
	if _, known := commands[name]; !known && !special[name] && len(os.Args) > 1 {
		name, args = os.Args[1], os.Args[1:]
	}
	switch name {
	case "etcd":
		etcdmain.Main(args)
	case "kubeadm":
		os.Args = args
		kubeadmerrors.HandleError(kubeadm.Run())
	case "kubectl":
		os.Args = args
		command := kubectl.NewDefaultKubectlCommand()
		if err := cli.RunNoErrOutput(command); err != nil {
			kubectlutil.CheckErr(err)
		}
	default:
		newCommand, known := commands[name]
		if !known {
			fmt.Fprintf(os.Stderr, "kube-node: unknown program %q; one of etcd, kubeadm, kubectl, %s\n", name, strings.Join(names(), ", "))
			os.Exit(2)
		}
		os.Args = args
		os.Exit(cli.Run(newCommand()))
	}
}

func names() []string {
	out := make([]string, 0, len(commands))
	for name := range commands {
		out = append(out, name)
	}
	return out
}
