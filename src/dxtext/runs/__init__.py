"""One function per command: what ``dxtext <command>`` does, as a Python call."""
