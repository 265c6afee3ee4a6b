// SPDX-License-Identifier: MIT
/* The archive: implemented in the store issue (#5 / #2). */
#include "store.h"
