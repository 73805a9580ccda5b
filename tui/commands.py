"""The command palette: every editor action, by the name its key binding has in the footer."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class EditorCommands(Provider):
    """The app's own bindings as commands, those that can't run right now left out."""

    def _commands(self) -> list[tuple[str, str, str]]:
        app = self.app
        found, seen = [], set()
        for binding in app.BINDINGS:
            action = binding.action
            if action in seen or not binding.description or action == "command_palette":
                continue
            seen.add(action)
            if app.check_action(action.split("(")[0], ()) is not True:
                continue
            key = binding.key_display or binding.key.split(",")[0]
            help_text = binding.tooltip or f"Key: {key}"
            found.append((binding.description, action, help_text))
        return found

    async def discover(self) -> Hits:
        for name, action, help_text in self._commands():
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self.app.run_action, action),
                    help=help_text,
                )
