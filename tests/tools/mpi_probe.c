/* SPDX-License-Identifier: BSD-3-Clause */
/* mpi_probe: start MPI, meet at a barrier, finish. The MPI integration tests
 * run it first (tests/mpi/common.sh) and skip, saying why, when it cannot run:
 * a build chroot without shared memory or loopback, a launcher that refuses
 * root. A failure of the programs under test then stays a failure. */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char **argv)
{
	int size = 0;
	if (MPI_Init(&argc, &argv) != MPI_SUCCESS)
		return 1;
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	MPI_Barrier(MPI_COMM_WORLD);
	MPI_Finalize();
	return size >= 1 ? 0 : 1;
}
