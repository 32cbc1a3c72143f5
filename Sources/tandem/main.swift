import Foundation
import TandemCLI

exit(await TandemCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
