"""The exit codes of ``statuskit``, named once for the shell and every command.

0 success; 1 the command's negative answer (error findings, breaking changes, unknown code, file
not up to date); 2 input that cannot be read or a usage error; 70 an internal error (a bug:
STATUSKIT_DEBUG=1 shows the traceback); 130 interrupted (Ctrl-C).
"""

EXIT_OK = 0
EXIT_NEGATIVE = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
