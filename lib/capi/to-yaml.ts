import { stringify } from "yaml";

/** YAML as `kubectl apply -f` takes it. */
export function toYaml(obj: unknown): string {
  return stringify(obj, { lineWidth: 0 });
}
