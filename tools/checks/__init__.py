"""The standing hostile-input campaign: commands that attack the app the way visitors might."""
