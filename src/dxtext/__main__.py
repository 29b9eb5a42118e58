from dxtext.cli.app import entry

entry()
