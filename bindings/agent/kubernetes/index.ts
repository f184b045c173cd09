// The agent's Kubernetes part: where the API server is and who we are (config.ts, kubeconfig-yaml.ts,
// exec-credential.ts), the pods of this node listed and
// watched (watch.ts) into a cache (pods.ts), and an engine kept equal to that cache (engine-feed.ts).
export { ApiClient, ApiError } from './client.ts';
export {
  type ClusterConfig, type InClusterOptions, KubeConfigError, type KubeconfigOptions, type ResolveOptions,
  SERVICE_ACCOUNT_DIR, inClusterConfig, kubeconfigConfig, resolveClusterConfig,
} from './config.ts';
export { type FeedOptions, type PodTable, feedEngine } from './engine-feed.ts';
export {
  type ExecCluster, type ExecConfig, ExecCredentialPlugin, type ExecCredentials, ExecPluginError, type ExecPluginOptions,
} from './exec-credential.ts';
export { KubeconfigSyntaxError } from './kubeconfig-yaml.ts';
export { type Pod, PodCache, type PodCacheOptions } from './pods.ts';
export { type ApiPod, GoneError, PodWatcher, type PodWatcherOptions, type WatchSink } from './watch.ts';
