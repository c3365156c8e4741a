#ifndef TOPCHEF_CSQLITE_SHIM_H
#define TOPCHEF_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
