/* stop-win32.c - waiting for Ctrl-C, Ctrl-Break or a console close.  The
 * console handler runs on a thread of its own and only sets an event. */
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
