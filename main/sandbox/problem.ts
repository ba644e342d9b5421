import type { FastifyReply } from 'fastify'
import { STATUS_CODES } from 'node:http'

/** Errors as ASP.NET Core sends them: RFC 7807 problem details. */
export function sendProblem(reply: FastifyReply, status: number, detail: string): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send({ type: `https://httpstatuses.io/${status}`, title: STATUS_CODES[status] ?? 'Error', status, detail })
}

/** An error a handler throws to answer with a status and a message. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string
  ) {
    super(message)
  }
}
