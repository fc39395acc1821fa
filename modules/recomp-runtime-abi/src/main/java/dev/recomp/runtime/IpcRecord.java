package dev.recomp.runtime;

/**
 * One IPC request a Horizon guest sent with svcSendSyncRequest, as traced.
 *
 * @param seq position among the IPC requests, from 0
 * @param service the service the session leads to ("sm:", or a name sm handed out)
 * @param type the CMIF message type (4 request, 5 control, 2 close)
 * @param command the command id, -1 for a close or a request without the SFCI magic
 * @param result the result code the service answered
 * @param implemented whether the runtime implements the service
 */
public record IpcRecord(
    long seq, String service, int type, int command, int result, boolean implemented) {}
