package main

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

const completionAbout = `
Prints a completion script for bash, zsh or fish: commands, their flags, event names after
--event and EVENT arguments, and file names elsewhere. Load it in the shell's start-up file:

	source <(railzhook completion bash)          # ~/.bashrc
	source <(railzhook completion zsh)           # ~/.zshrc
	railzhook completion fish | source           # ~/.config/fish/config.fish
`

func runCompletion(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("completion", "bash|zsh|fish", completionAbout, stderr)
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) != 1 {
		usageError(stderr, "completion", "name one shell: bash, zsh or fish")
		return exitUsage
	}
	switch rest[0] {
	case "bash", "zsh":
		fmt.Fprint(stdout, bashCompletion(rest[0] == "zsh"))
	case "fish":
		fmt.Fprint(stdout, fishCompletion())
	default:
		usageError(stderr, "completion", "unknown shell %q: bash, zsh or fish", rest[0])
		return exitUsage
	}
	return exitOK
}

var flagLine = regexp.MustCompile(`(?m)^  -(\S+)`)

// commandFlags lists the flags of every command, read from its own --help, so the scripts
// never miss a flag a command has.
func commandFlags() map[string][]string {
	out := map[string][]string{}
	for _, c := range commands() {
		if c.name == "completion" || c.name == "help" {
			continue
		}
		var help bytes.Buffer
		c.run([]string{"--help"}, strings.NewReader(""), &help, io.Discard)
		var flags []string
		for _, m := range flagLine.FindAllStringSubmatch(help.String(), -1) {
			flags = append(flags, "--"+m[1])
		}
		sort.Strings(flags)
		out[c.name] = flags
	}
	return out
}

func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

func eventList() string { return strings.ReplaceAll(eventNames(), ", ", " ") }

func bashCompletion(zsh bool) string {
	var b strings.Builder
	if zsh {
		b.WriteString("#compdef railzhook\n# zsh completion for railzhook: source <(railzhook completion zsh)\nautoload -U +X bashcompinit && bashcompinit\n")
	} else {
		b.WriteString("# bash completion for railzhook: source <(railzhook completion bash)\n")
	}
	fmt.Fprintf(&b, `_railzhook() {
	local cur prev cmd
	cur="${COMP_WORDS[COMP_CWORD]}"
	prev="${COMP_WORDS[COMP_CWORD-1]}"
	cmd="${COMP_WORDS[1]}"
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W %q -- "$cur"))
		return
	fi
	case "$prev" in
	--event) COMPREPLY=($(compgen -W %q -- "$cur")); return ;;
	--format) COMPREPLY=($(compgen -W "text json github junit payloads cases" -- "$cur")); return ;;
	esac
	local flags=""
	case "$cmd" in
`, strings.Join(commandNames(), " "), eventList())
	flags := commandFlags()
	for _, name := range commandNames() {
		if f, ok := flags[name]; ok {
			fmt.Fprintf(&b, "\t%s) flags=%q ;;\n", name, strings.Join(f, " "))
		}
	}
	fmt.Fprintf(&b, `	help) COMPREPLY=($(compgen -W %q -- "$cur")); return ;;
	completion) COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")); return ;;
	esac
	if [[ "$cur" == -* ]]; then
		COMPREPLY=($(compgen -W "$flags" -- "$cur"))
		return
	fi
	case "$cmd" in
	example|fake|schema) COMPREPLY=($(compgen -W %q -- "$cur") $(compgen -f -- "$cur")) ;;
	*) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -o filenames -F _railzhook railzhook
`, strings.Join(commandNames(), " "), eventList())
	return b.String()
}

func fishCompletion() string {
	var b strings.Builder
	b.WriteString("# fish completion for railzhook: railzhook completion fish | source\n")
	b.WriteString("complete -c railzhook -f\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "complete -c railzhook -n __fish_use_subcommand -a %s -d %s\n", c.name, fishQuote(c.summary))
	}
	flags := commandFlags()
	for _, name := range commandNames() {
		for _, f := range flags[name] {
			fmt.Fprintf(&b, "complete -c railzhook -n '__fish_seen_subcommand_from %s' -l %s\n", name, strings.TrimPrefix(f, "--"))
		}
	}
	fmt.Fprintf(&b, "complete -c railzhook -n '__fish_seen_subcommand_from validate listen' -l event -xa %s\n", fishQuote(eventList()))
	fmt.Fprintf(&b, "complete -c railzhook -n '__fish_seen_subcommand_from example fake schema' -a %s\n", fishQuote(eventList()))
	fmt.Fprintf(&b, "complete -c railzhook -n '__fish_seen_subcommand_from help' -a %s\n", fishQuote(strings.Join(commandNames(), " ")))
	b.WriteString("complete -c railzhook -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n")
	b.WriteString("complete -c railzhook -n '__fish_seen_subcommand_from validate send export fake generate schema' -F\n")
	return b.String()
}

func fishQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }
