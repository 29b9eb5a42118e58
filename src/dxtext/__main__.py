from dxtext.cli.app import main

main()
