import { Option, type Command } from 'commander';
import { commandFlags, type CommandContext } from '../global-options.js';
import { portNumber, positiveInteger } from '../flag-parsers.js';
import { projectOptions } from '../project-command.js';

/** The flags of `berth port`. */
export interface PortFlags {
  protocol: string;
  index?: number;
}

/** Adds `berth port SERVICE PRIVATE_PORT`. */
export function registerPortCommand(program: Command, context: CommandContext): void {
  program
    .command('port')
    .summary('print the public port for a port binding')
    .description('Print the host address and port a container port of a service is published on.')
    .argument('<service>', 'the service')
    .argument('<private_port>', 'the container port', portNumber)
    .addOption(new Option('--protocol <protocol>', 'the protocol of the port').choices(['tcp', 'udp', 'sctp']).default('tcp'))
    .option('--index <index>', 'the index of the container, if the service has several replicas', positiveInteger)
    .action(async (service: string, privatePort: number, flags: PortFlags, command: Command) => {
      const globals = commandFlags<PortFlags>(command);
      const options = await projectOptions(globals, context, [service]);
      const { port } = await import('../../api/port.js');
      const binding = await port({ ...options, service, privatePort, protocol: flags.protocol, index: flags.index });
      context.stdout(`${binding.hostIp}:${binding.hostPort}\n`);
    });
}
