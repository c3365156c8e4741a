#ifndef TOPCHEF_CLMDB_SHIM_H
#define TOPCHEF_CLMDB_SHIM_H
#include <lmdb.h>
#endif
