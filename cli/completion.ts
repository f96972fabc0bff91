/**
 * `kaas completion bash|zsh`: a completion script for the shell. Commands, subcommands and flags
 * are completed from the lists below; teams and cluster names by asking the console
 * (`kaas __complete teams|clusters`, with the stored login), so they are the user's own.
 */
import { KAAS_OPTIONS } from "./args.ts";

/** Commands and their subcommands. */
export const COMMANDS: Record<string, string[]> = {
  login: [],
  teams: [],
  classes: [],
  clusters: ["list", "get", "create", "scale", "upgrade", "delete", "addon", "kubeconfig", "watch"],
  registry: ["repos", "tags"],
  audit: [],
  tokens: ["list", "create", "revoke"],
  admin: ["teams", "sessions"],
  completion: ["bash", "zsh"],
};

/** Every option the parser knows (cli/args.ts), so completion never offers one it would refuse. */
export const FLAGS = Object.keys(KAAS_OPTIONS).map((name) => `--${name}`);

/** Flags whose values come from a fixed list. */
const VALUES: Record<string, string[]> = {
  "--output": ["table", "json", "yaml"],
  "-o": ["table", "json", "yaml"],
  "--type": ["oidc", "admin"],
  "--role": ["viewer", "member", "admin"],
  "--outcome": ["attempted", "allowed", "refused", "failed"],
};

function caseArms(indent: string, arms: Record<string, string>): string {
  return Object.entries(arms)
    .map(([k, v]) => `${indent}${k}) ${v} ;;`)
    .join("\n");
}

/** The bash completion script (`source <(kaas completion bash)`). */
export function bashCompletion(): string {
  const subs = Object.fromEntries(
    Object.entries(COMMANDS)
      .filter(([, s]) => s.length)
      .map(([c, s]) => [c, `COMPREPLY=($(compgen -W "${s.join(" ")}" -- "$cur")); return`]),
  );
  const values = Object.fromEntries(
    Object.entries(VALUES).map(([f, v]) => [
      f,
      `COMPREPLY=($(compgen -W "${v.join(" ")}" -- "$cur")); return`,
    ]),
  );
  return `# kaas completion for bash: source <(kaas completion bash)
_kaas() {
  local cur prev team i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
${caseArms("    ", values)}
    --team|-t) COMPREPLY=($(compgen -W "$(kaas __complete teams 2>/dev/null)" -- "$cur")); return ;;
    --file|-f|--out) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "${FLAGS.join(" ")}" -- "$cur")); return
  fi
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${Object.keys(COMMANDS).join(" ")}" -- "$cur")); return
  fi
  if [[ $COMP_CWORD -eq 2 ]]; then
    case "\${COMP_WORDS[1]}" in
${caseArms("      ", subs)}
    esac
  fi
  if [[ "\${COMP_WORDS[1]}" == clusters && $COMP_CWORD -eq 3 ]]; then
    for ((i = 1; i < COMP_CWORD; i++)); do
      [[ "\${COMP_WORDS[i]}" == --team || "\${COMP_WORDS[i]}" == -t ]] && team="\${COMP_WORDS[i+1]}"
    done
    [[ -n "$team" ]] && COMPREPLY=($(compgen -W "$(kaas __complete clusters --team "$team" 2>/dev/null)" -- "$cur"))
  fi
}
complete -F _kaas kaas
`;
}

/** The zsh completion script (`source <(kaas completion zsh)`), through zsh's bash completion. */
export function zshCompletion(): string {
  return `# kaas completion for zsh: source <(kaas completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashCompletion().split("\n").slice(1).join("\n")}`;
}
