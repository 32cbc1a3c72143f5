// GLPK, the GNU Linear Programming Kit, from Debian's libglpk-dev (`.ci/run` installs it).
#include <glpk.h>
