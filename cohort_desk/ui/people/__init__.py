"""The People room: the list of people, their detail pane, the person dialog and its commands."""
