/* placeholder until its owner lands it: not to be committed */
#include "cli/cli.h"
int cmd_demo(int argc, char **argv) { (void)argc; (void)argv; cli_error("not built yet"); return CLI_FAIL; }
