/* os-win32.c - what nioctl does its own way on Windows.
 *
 * Waiting for Ctrl-C, Ctrl-Break or a console close.  The
 * console handler runs on a thread of its own and only sets an event. */
#include <winsock2.h>
#include <windows.h>

#include "nioctl.h"

static HANDLE nioctl_stop_event;

static BOOL WINAPI nioctl_stop_handler(DWORD type)
{
    (void)type;
    SetEvent(nioctl_stop_event);
    return TRUE;
}

void nioctl_stop_prepare(void)
{
    nioctl_stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    SetConsoleCtrlHandler(nioctl_stop_handler, TRUE);
}

void nioctl_stop_wait(void)
{
    WaitForSingleObject(nioctl_stop_event, INFINITE);
}

void nioctl_stop_raise(void)
{
    SetEvent(nioctl_stop_event);
}

void nioctl_net_init(void)
{
    static WSADATA data;
    static LONG done;
    if (InterlockedExchange(&done, 1) == 0)
        WSAStartup(MAKEWORD(2, 2), &data);
}

NETIO_STATUS nioctl_if_entry(bool stats, MIB_IF_ROW2 *row)
{
    (void)stats;
    return GetIfEntry2(row);
}

NETIO_STATUS nioctl_if_table(bool stats, PMIB_IF_TABLE2 *table)
{
    (void)stats;
    return GetIfTable2(table);
}

void nioctl_utc_now(char *buf, size_t cap)
{
    SYSTEMTIME t;
    GetSystemTime(&t);
    snprintf(buf, cap, "%04u-%02u-%02uT%02u:%02u:%02u.%03u000Z", t.wYear, t.wMonth, t.wDay,
             t.wHour, t.wMinute, t.wSecond, t.wMilliseconds);
}
