// libyaml (the system's libyaml-dev), reached only through PlanDocument's YAMLReader.
#ifndef CLIBYAML_SHIM_H
#define CLIBYAML_SHIM_H
#include <yaml.h>
#endif
