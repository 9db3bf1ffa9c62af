/*
 * status-name.c - the name of every status code <netioapi_compat.h>
 * defines, in one place.  Win32 codes and NTSTATUS codes never share a
 * value except 0, so one table serves both flavours.
 */
#include <stdio.h>

#include "nioctl.h"

#define NIOCTL_STATUS(code) {(uint32_t)(code), #code}

static const struct {
    uint32_t code;
    const char *name;
} nioctl_statuses[] = {
    /* Win32 codes; 0 prints as NO_ERROR (ERROR_SUCCESS and STATUS_SUCCESS
     * are the same value). */
    NIOCTL_STATUS(NO_ERROR),
    NIOCTL_STATUS(ERROR_FILE_NOT_FOUND),
    NIOCTL_STATUS(ERROR_ACCESS_DENIED),
    NIOCTL_STATUS(ERROR_NOT_ENOUGH_MEMORY),
    NIOCTL_STATUS(ERROR_GEN_FAILURE),
    NIOCTL_STATUS(ERROR_NOT_SUPPORTED),
    NIOCTL_STATUS(ERROR_BAD_NET_NAME),
    NIOCTL_STATUS(ERROR_INVALID_PARAMETER),
    NIOCTL_STATUS(ERROR_INSUFFICIENT_BUFFER),
    NIOCTL_STATUS(ERROR_INVALID_NAME),
    NIOCTL_STATUS(ERROR_NOT_FOUND),
    NIOCTL_STATUS(ERROR_NETWORK_UNREACHABLE),
    NIOCTL_STATUS(ERROR_RETRY),
    NIOCTL_STATUS(ERROR_OBJECT_ALREADY_EXISTS),
    /* NTSTATUS codes (STATUS_SUCCESS is 0, named above). */
    NIOCTL_STATUS(STATUS_UNSUCCESSFUL),
    NIOCTL_STATUS(STATUS_INVALID_PARAMETER),
    NIOCTL_STATUS(STATUS_NO_MEMORY),
    NIOCTL_STATUS(STATUS_ACCESS_DENIED),
    NIOCTL_STATUS(STATUS_BUFFER_TOO_SMALL),
    NIOCTL_STATUS(STATUS_OBJECT_NAME_INVALID),
    NIOCTL_STATUS(STATUS_OBJECT_NAME_NOT_FOUND),
    NIOCTL_STATUS(STATUS_NOT_SUPPORTED),
    NIOCTL_STATUS(STATUS_NOT_FOUND),
    NIOCTL_STATUS(STATUS_RETRY),
    NIOCTL_STATUS(STATUS_DUPLICATE_OBJECTID),
    NIOCTL_STATUS(STATUS_NETWORK_UNREACHABLE),
    NIOCTL_STATUS(STATUS_BAD_NETWORK_NAME),
};

#define NIOCTL_NSTATUSES (sizeof(nioctl_statuses) / sizeof(nioctl_statuses[0]))

const char *nioctl_status_name(uint32_t status)
{
    for (size_t i = 0; i < NIOCTL_NSTATUSES; i++)
        if (nioctl_statuses[i].code == status)
            return nioctl_statuses[i].name;
    return NULL;
}

void nioctl_status_text(uint32_t status, char *buf, size_t cap)
{
    const char *name = nioctl_status_name(status);
    if (name == NULL)
        name = "unknown status";
    /* NTSTATUS codes read best in hex, Win32 codes in decimal. */
    if (status >= 0x40000000u)
        snprintf(buf, cap, "%s (0x%08lX)", name, (unsigned long)status);
    else
        snprintf(buf, cap, "%s (%lu)", name, (unsigned long)status);
}

int nioctl_fail(const char *function, uint32_t status)
{
    char text[64];
    nioctl_status_text(status, text, sizeof(text));
    fprintf(stderr, "%s: %s\n", function, text);
    return NIOCTL_EXIT_FAIL;
}
