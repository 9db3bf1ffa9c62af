/*
 * os-win32.c - Windows (and Wine): the API under test is the system's
 * iphlpapi.  Each check runs in a child process, "<self> --check NAME",
 * because Wine aborts the process in the functions it does not implement.
 */
#include <stdlib.h>

#include "conformance.h"

/* A check that takes longer than this is stuck. */
#define NC_TIMEOUT_MS 60000

typedef DWORD(WINAPI *nc_get_entry_fn)(PMIB_IPINTERFACE_ROW Row);
typedef VOID(WINAPI *nc_init_entry_fn)(PMIB_IPINTERFACE_ROW Row);
typedef DWORD(WINAPI *nc_set_entry_fn)(PMIB_IPINTERFACE_ROW Row);
typedef DWORD(WINAPI *nc_get_if_entry2ex_fn)(int Level, PMIB_IF_ROW2 Row);
typedef VOID(WINAPI *nc_fwd_init_fn)(PMIB_IPFORWARD_ROW2 Row);
typedef DWORD(WINAPI *nc_fwd_get_fn)(PMIB_IPFORWARD_ROW2 Row);
typedef DWORD(WINAPI *nc_fwd_write_fn)(CONST MIB_IPFORWARD_ROW2 *Row);
typedef VOID(WINAPI *nc_addr_init_fn)(PMIB_UNICASTIPADDRESS_ROW Row);
typedef DWORD(WINAPI *nc_addr_write_fn)(CONST MIB_UNICASTIPADDRESS_ROW *Row);
typedef const char *(CDECL *nc_wine_version_fn)(void);
typedef LONG(WINAPI *nc_rtl_version_fn)(OSVERSIONINFOW *info);

static nc_get_entry_fn nc_get_entry;
static nc_init_entry_fn nc_init_entry;
static nc_set_entry_fn nc_set_entry;
static nc_get_if_entry2ex_fn nc_get_if_entry2ex;
static nc_fwd_init_fn nc_fwd_init;
static nc_fwd_get_fn nc_fwd_get;
static nc_fwd_write_fn nc_fwd_create, nc_fwd_set, nc_fwd_delete;
static nc_addr_init_fn nc_addr_init;
static nc_addr_write_fn nc_addr_create, nc_addr_set, nc_addr_delete;
static const char *nc_current_check = "?";

/* GetProcAddress's result as the function pointer it is. */
#define NC_PROC(module, name) ((void (*)(void))GetProcAddress((module), (name)))

/* A check that calls a function it did not declare a need for, where the
 * function is missing: say so instead of crashing. */
static void nc_win_missing(const char *function)
{
    printf("FAIL %s: %s is not exported here, and the check does not declare that it "
           "needs it\n",
           nc_current_check, function);
    fflush(stdout);
    ExitProcess(4);
}

DWORD WINAPI nc_win_GetIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row)
{
    if (nc_get_entry == NULL)
        nc_win_missing("GetIpInterfaceEntry");
    return nc_get_entry(Row);
}

VOID WINAPI nc_win_InitializeIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row)
{
    if (nc_init_entry == NULL)
        nc_win_missing("InitializeIpInterfaceEntry");
    nc_init_entry(Row);
}

DWORD WINAPI nc_win_SetIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row)
{
    if (nc_set_entry == NULL)
        nc_win_missing("SetIpInterfaceEntry");
    return nc_set_entry(Row);
}

DWORD WINAPI nc_win_GetIfEntry2Ex(int Level, PMIB_IF_ROW2 Row)
{
    if (nc_get_if_entry2ex == NULL)
        nc_win_missing("GetIfEntry2Ex");
    return nc_get_if_entry2ex(Level, Row);
}

VOID WINAPI nc_win_InitializeIpForwardEntry(PMIB_IPFORWARD_ROW2 Row)
{
    if (nc_fwd_init == NULL)
        nc_win_missing("InitializeIpForwardEntry");
    nc_fwd_init(Row);
}

DWORD WINAPI nc_win_GetIpForwardEntry2(PMIB_IPFORWARD_ROW2 Row)
{
    if (nc_fwd_get == NULL)
        nc_win_missing("GetIpForwardEntry2");
    return nc_fwd_get(Row);
}

/* One of the three writes, missing or not. */
static DWORD nc_win_fwd_write(nc_fwd_write_fn fn, const char *name, CONST MIB_IPFORWARD_ROW2 *Row)
{
    if (fn == NULL)
        nc_win_missing(name);
    return fn(Row);
}

DWORD WINAPI nc_win_CreateIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Row)
{
    return nc_win_fwd_write(nc_fwd_create, "CreateIpForwardEntry2", Row);
}

DWORD WINAPI nc_win_SetIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Row)
{
    return nc_win_fwd_write(nc_fwd_set, "SetIpForwardEntry2", Row);
}

DWORD WINAPI nc_win_DeleteIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Row)
{
    return nc_win_fwd_write(nc_fwd_delete, "DeleteIpForwardEntry2", Row);
}

VOID WINAPI nc_win_InitializeUnicastIpAddressEntry(PMIB_UNICASTIPADDRESS_ROW Row)
{
    if (nc_addr_init == NULL)
        nc_win_missing("InitializeUnicastIpAddressEntry");
    nc_addr_init(Row);
}

/* One of the three address writes, missing or not. */
static DWORD nc_win_addr_write(nc_addr_write_fn fn, const char *name,
                               CONST MIB_UNICASTIPADDRESS_ROW *Row)
{
    if (fn == NULL)
        nc_win_missing(name);
    return fn(Row);
}

DWORD WINAPI nc_win_CreateUnicastIpAddressEntry(CONST MIB_UNICASTIPADDRESS_ROW *Row)
{
    return nc_win_addr_write(nc_addr_create, "CreateUnicastIpAddressEntry", Row);
}

DWORD WINAPI nc_win_SetUnicastIpAddressEntry(CONST MIB_UNICASTIPADDRESS_ROW *Row)
{
    return nc_win_addr_write(nc_addr_set, "SetUnicastIpAddressEntry", Row);
}

DWORD WINAPI nc_win_DeleteUnicastIpAddressEntry(CONST MIB_UNICASTIPADDRESS_ROW *Row)
{
    return nc_win_addr_write(nc_addr_delete, "DeleteUnicastIpAddressEntry", Row);
}

void nc_os_sleep_ms(unsigned ms)
{
    Sleep(ms);
}

static void nc_win_need_export(struct nc_env *env, HMODULE iphlpapi, const char *function,
                               unsigned need, void (**out)(void))
{
    *out = iphlpapi != NULL ? NC_PROC(iphlpapi, function) : NULL;
    if (*out != NULL)
        return;
    if (env->wine)
        nc_env_missing(env, need, "Wine %s: iphlpapi does not export %s (a call aborts the process)",
                       env->wine_version, function);
    else
        nc_env_missing(env, need, "iphlpapi does not export %s", function);
}

/* The five route row functions are one need: a program that writes routes
 * uses them together.  The reason names every one that is missing. */
static void nc_win_fwd_exports(struct nc_env *env, HMODULE iphlpapi)
{
    static const char *const names[5] = {"InitializeIpForwardEntry", "GetIpForwardEntry2",
                                         "CreateIpForwardEntry2", "SetIpForwardEntry2",
                                         "DeleteIpForwardEntry2"};
    void (*fn[5])(void);
    char missing[160] = "";
    for (int i = 0; i < 5; i++) {
        fn[i] = iphlpapi != NULL ? NC_PROC(iphlpapi, names[i]) : NULL;
        if (fn[i] == NULL)
            snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), "%s%s",
                     missing[0] ? ", " : "", names[i]);
    }
    nc_fwd_init = (nc_fwd_init_fn)fn[0];
    nc_fwd_get = (nc_fwd_get_fn)fn[1];
    nc_fwd_create = (nc_fwd_write_fn)fn[2];
    nc_fwd_set = (nc_fwd_write_fn)fn[3];
    nc_fwd_delete = (nc_fwd_write_fn)fn[4];
    if (missing[0] == 0)
        return;
    if (env->wine)
        nc_env_missing(env, NC_NEED_FWD_ROWS,
                       "Wine %s: iphlpapi does not export %s (a call aborts the process)",
                       env->wine_version, missing);
    else
        nc_env_missing(env, NC_NEED_FWD_ROWS, "iphlpapi does not export %s", missing);
}

/* The address rows but Get and the table are one need, as the route rows'
 * are (Wine 8.0 exports Get and the table only). */
static void nc_win_addr_exports(struct nc_env *env, HMODULE iphlpapi)
{
    static const char *const names[4] = {"InitializeUnicastIpAddressEntry",
                                         "CreateUnicastIpAddressEntry",
                                         "SetUnicastIpAddressEntry",
                                         "DeleteUnicastIpAddressEntry"};
    void (*fn[4])(void);
    char missing[200] = "";
    for (int i = 0; i < 4; i++) {
        fn[i] = iphlpapi != NULL ? NC_PROC(iphlpapi, names[i]) : NULL;
        if (fn[i] == NULL)
            snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), "%s%s",
                     missing[0] ? ", " : "", names[i]);
    }
    nc_addr_init = (nc_addr_init_fn)fn[0];
    nc_addr_create = (nc_addr_write_fn)fn[1];
    nc_addr_set = (nc_addr_write_fn)fn[2];
    nc_addr_delete = (nc_addr_write_fn)fn[3];
    if (missing[0] == 0)
        return;
    if (env->wine)
        nc_env_missing(env, NC_NEED_ADDR_ROWS,
                       "Wine %s: iphlpapi does not export %s (a call aborts the process)",
                       env->wine_version, missing);
    else
        nc_env_missing(env, NC_NEED_ADDR_ROWS, "iphlpapi does not export %s", missing);
}

void nc_os_init(struct nc_env *env)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    HMODULE iphlpapi = LoadLibraryW(L"iphlpapi.dll");
    nc_wine_version_fn wine_version = NULL;
    nc_rtl_version_fn rtl_version = NULL;
    OSVERSIONINFOW v;
    void (*fn)(void);
    env->windows = true;
    if (ntdll != NULL) {
        wine_version = (nc_wine_version_fn)NC_PROC(ntdll, "wine_get_version");
        rtl_version = (nc_rtl_version_fn)NC_PROC(ntdll, "RtlGetVersion");
    }
    memset(&v, 0, sizeof(v));
    v.dwOSVersionInfoSize = sizeof(v);
    if (rtl_version == NULL || rtl_version(&v) != 0)
        v.dwMajorVersion = v.dwMinorVersion = v.dwBuildNumber = 0;
    if (wine_version != NULL) {
        env->wine = true;
        snprintf(env->wine_version, sizeof(env->wine_version), "%s", wine_version());
        snprintf(env->platform, sizeof(env->platform), "Wine %s (as Windows %lu.%lu.%lu)",
                 env->wine_version, v.dwMajorVersion, v.dwMinorVersion, v.dwBuildNumber);
    } else {
        snprintf(env->platform, sizeof(env->platform), "Windows %lu.%lu.%lu", v.dwMajorVersion,
                 v.dwMinorVersion, v.dwBuildNumber);
    }
    nc_win_need_export(env, iphlpapi, "GetIpInterfaceEntry", NC_NEED_ENTRY, &fn);
    nc_get_entry = (nc_get_entry_fn)fn;
    nc_win_need_export(env, iphlpapi, "InitializeIpInterfaceEntry", NC_NEED_INIT, &fn);
    nc_init_entry = (nc_init_entry_fn)fn;
    nc_win_need_export(env, iphlpapi, "SetIpInterfaceEntry", NC_NEED_SET, &fn);
    nc_set_entry = (nc_set_entry_fn)fn;
    nc_win_need_export(env, iphlpapi, "GetIfEntry2Ex", NC_NEED_ENTRY2EX, &fn);
    nc_get_if_entry2ex = (nc_get_if_entry2ex_fn)fn;
    nc_win_fwd_exports(env, iphlpapi);
    nc_win_addr_exports(env, iphlpapi);
}

NET_IFINDEX nc_os_loopback_index(void)
{
    PMIB_IF_TABLE2 t = NULL;
    NET_IFINDEX idx = 0;
    if (GetIfTable2(&t) != NO_ERROR)
        return 0;
    for (ULONG i = 0; i < t->NumEntries && idx == 0; i++)
        if (t->Table[i].Type == IF_TYPE_SOFTWARE_LOOPBACK)
            idx = t->Table[i].InterfaceIndex;
    FreeMibTable(t);
    return idx;
}

bool nc_os_ifaces(struct nc_env *env)
{
    PMIB_IF_TABLE2 t = NULL;
    if (GetIfTable2(&t) != NO_ERROR)
        return false;
    env->ifaces = calloc(t->NumEntries ? t->NumEntries : 1, sizeof(*env->ifaces));
    if (env->ifaces != NULL) {
        for (ULONG i = 0; i < t->NumEntries; i++) {
            env->ifaces[i].luid = t->Table[i].InterfaceLuid;
            env->ifaces[i].index = t->Table[i].InterfaceIndex;
        }
        env->n_ifaces = t->NumEntries;
        env->ifaces_source = "GetIfTable2";
    }
    FreeMibTable(t);
    return env->ifaces != NULL;
}

static LONG WINAPI nc_win_crash(EXCEPTION_POINTERS *info)
{
    printf("FAIL %s: crashed: exception 0x%08lX\n", nc_current_check,
           (unsigned long)info->ExceptionRecord->ExceptionCode);
    fflush(stdout);
    ExitProcess(3);
    return EXCEPTION_EXECUTE_HANDLER;
}

void nc_os_child_guard(const char *check_name)
{
    nc_current_check = check_name;
    /* No error box, no debugger: the parent reads the FAIL line. */
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
    SetUnhandledExceptionFilter(nc_win_crash);
}

/* The child's whole output, at most cap-1 bytes. */
static void nc_win_read_all(HANDLE h, char *buf, size_t cap)
{
    size_t n = 0;
    DWORD got;
    while (n + 1 < cap && ReadFile(h, buf + n, (DWORD)(cap - 1 - n), &got, NULL) && got > 0)
        n += got;
    buf[n] = 0;
}

/* "PASS name", "FAIL name: message" or "SKIP name: message". */
static bool nc_win_parse(const char *out, struct nc_ctx *res)
{
    const char *colon;
    char first[sizeof(res->msg)];
    size_t len = strcspn(out, "\r\n");
    if (len >= sizeof(first))
        len = sizeof(first) - 1;
    memcpy(first, out, len);
    first[len] = 0;
    colon = strstr(first, ": ");
    if (strncmp(first, "PASS ", 5) == 0)
        return true;
    if (strncmp(first, "FAIL ", 5) == 0)
        nc_fail(res, "%s", colon != NULL ? colon + 2 : first + 5);
    else if (strncmp(first, "SKIP ", 5) == 0)
        nc_skip(res, "%s", colon != NULL ? colon + 2 : first + 5);
    else
        return false;
    return true;
}

void nc_os_run_isolated(const struct nc_check *chk, const struct nc_env *env,
                        struct nc_ctx *res)
{
    char cmd[MAX_PATH + 256], out[sizeof(res->msg) + 256];
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    HANDLE rd = NULL, wr = NULL;
    DWORD code = 0;
    char path[MAX_PATH];
    memset(res, 0, sizeof(*res));
    res->env = env;
    res->name = chk->name;
    if (GetModuleFileNameA(NULL, path, sizeof(path)) == 0 || !CreatePipe(&rd, &wr, &sa, 0)) {
        nc_fail(res, "could not start a child process (error %lu)", GetLastError());
        return;
    }
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    snprintf(cmd, sizeof(cmd), "\"%s\" --check %s", path, chk->name);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdOutput = wr;
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    if (!CreateProcessA(path, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        nc_fail(res, "CreateProcess failed (error %lu)", GetLastError());
        CloseHandle(rd);
        CloseHandle(wr);
        return;
    }
    CloseHandle(wr);
    /* The answer is one short line, which the pipe holds until read. */
    if (WaitForSingleObject(pi.hProcess, NC_TIMEOUT_MS) != WAIT_OBJECT_0) {
        TerminateProcess(pi.hProcess, 1);
        WaitForSingleObject(pi.hProcess, INFINITE);
        nc_win_read_all(rd, out, sizeof(out));
        nc_fail(res, "no answer within %d s", NC_TIMEOUT_MS / 1000);
    } else if (nc_win_read_all(rd, out, sizeof(out)), !nc_win_parse(out, res)) {
        GetExitCodeProcess(pi.hProcess, &code);
        nc_fail(res, "the child exited with 0x%08lX and no result", (unsigned long)code);
    }
    CloseHandle(rd);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}
