package main

import (
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// The part of Kubernetes' batch/v1 Job that docs/scaling.md uses, with
// the API's field names (kubernetes.io/docs/reference/kubernetes-api,
// Job v1 batch): read strictly, a misspelt or misplaced field is an
// error, as the API server's strict field validation makes it.
type (
	k8sJob struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Metadata   struct {
			Name string `yaml:"name"`
		} `yaml:"metadata"`
		Spec struct {
			CompletionMode       string `yaml:"completionMode"`
			Completions          *int   `yaml:"completions"`
			Parallelism          *int   `yaml:"parallelism"`
			BackoffLimit         *int   `yaml:"backoffLimit"`
			BackoffLimitPerIndex *int   `yaml:"backoffLimitPerIndex"`
			PodFailurePolicy     *struct {
				Rules []struct {
					Action          string `yaml:"action"`
					OnPodConditions []struct {
						Type   string `yaml:"type"`
						Status string `yaml:"status"`
					} `yaml:"onPodConditions"`
					OnExitCodes *struct {
						Operator string `yaml:"operator"`
						Values   []int  `yaml:"values"`
					} `yaml:"onExitCodes"`
				} `yaml:"rules"`
			} `yaml:"podFailurePolicy"`
			Template struct {
				Spec struct {
					RestartPolicy   string `yaml:"restartPolicy"`
					SecurityContext struct {
						FSGroup int `yaml:"fsGroup"`
					} `yaml:"securityContext"`
					InitContainers []k8sContainer `yaml:"initContainers"`
					Containers     []k8sContainer `yaml:"containers"`
					Volumes        []struct {
						Name      string `yaml:"name"`
						ConfigMap *struct {
							Name string `yaml:"name"`
						} `yaml:"configMap"`
						PersistentVolumeClaim *struct {
							ClaimName string `yaml:"claimName"`
						} `yaml:"persistentVolumeClaim"`
					} `yaml:"volumes"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	k8sContainer struct {
		Name      string   `yaml:"name"`
		Image     string   `yaml:"image"`
		Args      []string `yaml:"args"`
		Resources struct {
			Requests map[string]string `yaml:"requests"`
			Limits   map[string]string `yaml:"limits"`
		} `yaml:"resources"`
		VolumeMounts []struct {
			Name      string `yaml:"name"`
			MountPath string `yaml:"mountPath"`
			ReadOnly  bool   `yaml:"readOnly"`
		} `yaml:"volumeMounts"`
	}
)

// TestKubernetesJobs checks the Jobs of docs/scaling.md offline, as far
// as the API's rules go without a cluster (no schema validator works
// offline here: kubeconform and kubectl --dry-run fetch schemas or need
// an API server): the fields are the API's; an Indexed Job's per-index
// backoff and its pod failure policy (every condition with its type and
// status, restartPolicy Never, which the API requires with a policy);
// the shard count of --shard equal to completions; each container with
// an image, and args that iadsim's own command line accepts; every path
// the args read or write under a mounted volume (the scenario under the
// ConfigMap's, read-only), and every mount naming a volume (issue 18).
func TestKubernetesJobs(t *testing.T) {
	doc, err := os.ReadFile("../../docs/scaling.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```yaml\n(apiVersion: batch/v1\n.*?)```").FindAllSubmatch(doc, -1)
	if len(blocks) != 2 {
		t.Fatalf("docs/scaling.md shows %d batch/v1 Jobs, want 2 (shards, merge)", len(blocks))
	}
	var images []string
	for i, b := range blocks {
		var j k8sJob
		if err := yaml.UnmarshalWithOptions(b[1], &j, yaml.Strict(), yaml.DisallowUnknownField()); err != nil {
			t.Fatalf("Job %d: %v", i+1, yaml.FormatError(err, false, true))
		}
		t.Run(j.Metadata.Name, func(t *testing.T) {
			s := j.Spec
			if j.Kind != "Job" || j.Metadata.Name == "" {
				t.Errorf("kind %q, name %q; want a named Job", j.Kind, j.Metadata.Name)
			}
			if s.Template.Spec.RestartPolicy != "Never" {
				t.Errorf("restartPolicy %q; want Never (a failed shard is retried as a new pod)", s.Template.Spec.RestartPolicy)
			}
			if s.BackoffLimitPerIndex != nil && s.CompletionMode != "Indexed" {
				t.Error("backoffLimitPerIndex without completionMode: Indexed")
			}
			if p := s.PodFailurePolicy; p != nil {
				for k, r := range p.Rules {
					if !slices.Contains([]string{"FailJob", "FailIndex", "Ignore", "Count"}, r.Action) {
						t.Errorf("podFailurePolicy rule %d: action %q", k, r.Action)
					}
					if (len(r.OnPodConditions) == 0) == (r.OnExitCodes == nil) {
						t.Errorf("podFailurePolicy rule %d: want onPodConditions or onExitCodes, one of them", k)
					}
					for _, c := range r.OnPodConditions {
						if c.Type == "" || !slices.Contains([]string{"True", "False", "Unknown"}, c.Status) {
							t.Errorf("podFailurePolicy rule %d: condition type %q status %q; want both (status True, False or Unknown)", k, c.Type, c.Status)
						}
					}
				}
			}
			mounts := map[string]string{} // mount path -> volume kind
			volumes := map[string]string{}
			for _, v := range s.Template.Spec.Volumes {
				switch {
				case v.ConfigMap != nil && v.ConfigMap.Name != "":
					volumes[v.Name] = "configMap"
				case v.PersistentVolumeClaim != nil && v.PersistentVolumeClaim.ClaimName != "":
					volumes[v.Name] = "claim"
				default:
					t.Errorf("volume %q: want a configMap or persistentVolumeClaim with its name", v.Name)
				}
			}
			for _, c := range append(s.Template.Spec.InitContainers, s.Template.Spec.Containers...) {
				if c.Image == "" {
					t.Errorf("container %s: no image", c.Name)
				}
				images = append(images, c.Image)
				for _, m := range c.VolumeMounts {
					kind, ok := volumes[m.Name]
					if !ok {
						t.Errorf("container %s mounts %q, which is not a volume of the pod", c.Name, m.Name)
					}
					if kind == "configMap" && !m.ReadOnly {
						t.Errorf("container %s: ConfigMap volume %q mounted writable", c.Name, m.Name)
					}
					mounts[m.MountPath] = kind
				}
				args := make([]string, len(c.Args))
				for k, a := range c.Args {
					args[k] = strings.ReplaceAll(a, "$(JOB_COMPLETION_INDEX)", "3")
				}
				checkArgs(t, c.Name, args, mounts, s.Completions)
			}
		})
	}
	if len(images) > 1 && slices.ContainsFunc(images, func(im string) bool { return im != images[0] }) {
		t.Errorf("the Jobs run different images %q; want the one released", images)
	}
}

// checkArgs parses a container's args with iadsim's own command line,
// and checks that each file argument lies under a mount.
func checkArgs(t *testing.T, name string, args []string, mounts map[string]string, completions *int) {
	t.Helper()
	cmd, rest, err := newRoot().Find(args)
	if err != nil || cmd.Name() == "iadsim" {
		t.Errorf("container %s: args %q are no iadsim command: %v", name, args, err)
		return
	}
	if err := cmd.ParseFlags(rest); err != nil {
		t.Errorf("container %s: iadsim %s: %v", name, cmd.Name(), err)
		return
	}
	if err := cmd.ValidateArgs(cmd.Flags().Args()); err != nil {
		t.Errorf("container %s: iadsim %s: %v", name, cmd.Name(), err)
	}
	under := func(p string) string {
		for dir := path.Dir(p); dir != "/" && dir != "."; dir = path.Dir(dir) {
			if k, ok := mounts[dir]; ok {
				return k
			}
		}
		return ""
	}
	for _, p := range cmd.Flags().Args() {
		if under(p) == "" {
			t.Errorf("container %s: %s is on no volume", name, p)
		}
	}
	if out := cmd.Flags().Lookup("out"); out != nil && out.Value.String() != "" && under(out.Value.String()) != "claim" {
		t.Errorf("container %s: --out %s is not on the shared claim", name, out.Value.String())
	}
	if sh := cmd.Flags().Lookup("shard"); sh != nil && sh.Value.String() != "" {
		_, n, _ := strings.Cut(sh.Value.String(), "/")
		if completions == nil || n != strconv.Itoa(*completions) {
			c := "none"
			if completions != nil {
				c = strconv.Itoa(*completions)
			}
			t.Errorf("container %s: --shard %s, completions %s; want the shard count equal to completions", name, sh.Value.String(), c)
		}
	}
}
