// Asks a person to approve the order: on AWS this would send an email or a chat message with
// the task token. The execution waits until someone answers with that token.
const { SFNClient, SendTaskSuccessCommand } = require("@aws-sdk/client-sfn");
const sfn = new SFNClient({});

exports.handler = async (event) => {
  if (event.amount < 100) {
    // Small orders: the function answers its own token at once.
    await sfn.send(new SendTaskSuccessCommand({
      taskToken: event.taskToken,
      output: JSON.stringify({ approvedBy: "auto-approval" }),
    }));
    return "approved automatically";
  }
  console.log(`Order ${event.order} (${event.amount}) needs approval.`);
  console.log("Answer it under 'Waiting for an answer': Send task success with",
    '{"approvedBy": "your name"}', "or Send task failure with the error Rejected.");
  return "approval requested";
};
