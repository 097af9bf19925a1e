#include "test_a64_harness.h"
